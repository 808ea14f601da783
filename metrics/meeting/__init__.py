"""The business review: department views, headlines, agenda, OKRs, frozen snapshots and minutes."""
