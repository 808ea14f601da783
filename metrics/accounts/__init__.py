"""The management accounts: P&L, budget vs actual, cash, the profit bridge and targets."""
