"""Ad consoles outside Amazon: TikTok Ads Manager / GMV Max, Meta Ads Manager, Google Ads."""
