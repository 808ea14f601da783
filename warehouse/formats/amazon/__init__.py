"""Amazon Seller Central and Amazon Ads exports."""
