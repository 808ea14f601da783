"""Stock, the demand forecast, stock-out dates, reorder plans, seasonal KPI bands and the event
calendar, with the inputs the seller edits (lead times, events, band overrides)."""
