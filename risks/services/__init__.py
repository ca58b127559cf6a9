"""Writes of risk points (``points``) and key-post holdings (``key_posts``)."""
