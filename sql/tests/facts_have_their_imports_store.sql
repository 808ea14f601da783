-- every fact of a store's report carries the store of its import, and no template row has one (company-wide)
with facts as (
    select 'money' as family, source, import_id, store from staging.money
    union all select 'orders', source, import_id, store from staging.orders
    union all select 'ads', source, import_id, store from staging.ads
    union all select 'inventory_snapshots', source, import_id, store from staging.inventory_snapshots
)

select f.family, f.source, f.import_id, f.store, i.store as import_store
from facts as f
left join meta.imports as i using (import_id)
where f.store is distinct from i.store
    or (f.source like 'tpl\_%' escape '\' and f.store is not null)
    or (f.source not like 'tpl\_%' escape '\' and f.store is null)
