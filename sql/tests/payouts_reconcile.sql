-- each settlement's lines add up: net proceeds = sales + fees + other charges + ad charges + taxes
select settlement_id, marketplace, net_proceeds, sales, marketplace_fees, other_charges, ad_charges, taxes, unexplained
from marts.payouts
where abs(unexplained) > 0.005
