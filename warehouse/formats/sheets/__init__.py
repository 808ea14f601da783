"""The seller's own sheets (templates): SKU master, costs, FX, stock, budget, targets, expenses."""
