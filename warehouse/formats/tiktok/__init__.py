"""TikTok Shop Seller Center exports."""
