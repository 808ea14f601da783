-- no duplicate grain keys in the line-level marts (source, import_id, row_no, txn_type): one export row may give
-- an order line and a refund line (TikTok, Shopify), never two lines of one type
select 'order_lines' as mart, source, import_id, row_no, txn_type, count(*) as n from marts.order_lines group by all
having count(*) > 1
union all
select 'line_costs', source, import_id, row_no, txn_type, count(*) from marts.line_costs group by all
having count(*) > 1
union all
select 'money_lines', source, import_id, row_no, txn_type, count(*) from marts.money_lines group by all
having count(*) > 1
