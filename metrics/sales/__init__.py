"""What was sold, advertised and returned, to whom, and what moving it cost: per SKU, campaign, reason."""
