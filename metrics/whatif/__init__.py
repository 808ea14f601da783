"""What-if models on top of the facts: the ad budget's response curve and FX shocks."""
