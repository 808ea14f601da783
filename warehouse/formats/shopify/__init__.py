"""Shopify Admin and Shopify Payments exports."""
