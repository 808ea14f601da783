-- each settlement's lines add up: net proceeds = sales + fees + other charges + other income + ad charges
-- + taxes
select settlement_id, marketplace, net_proceeds, sales, marketplace_fees, other_charges, other_income, ad_charges, taxes, unexplained
from marts.payouts
where abs(unexplained) > 0.005
