-- grain: one row per TikTok Shop finance statement × store × marketplace × currency: the money the statement pays
-- (Σ `Total settlement amount` of all its rows: orders, refunds, adjustments, reserves, ad deductions), dated by
-- the statement date. A statement whose Status says it is not paid yet is flagged (the SEA income export has no
-- Status column: it lists settled money, so it counts as paid).
with source as (
    select r.*, i.store
    from raw.tiktok_statement as r
    left join meta.imports as i on i.import_id = r.import_id
)

select
    store,
    marketplace,
    coalesce(upper(currency), default_currency) as currency,
    coalesce(statement_id, payment_id) as statement_id,
    any_value(payment_id) as payment_id,
    cast(max(coalesce(statement_date, order_settled)) as date) as statement_date,
    bool_and(coalesce(lower(trim(status)), 'paid') not in ('processing', 'pending', 'unpaid', 'failed', 'on hold',
        'not paid', 'to be paid')) as is_paid,
    sum(coalesce(total_settlement, 0)) as total
from source
where coalesce(statement_id, payment_id) is not null
group by all
