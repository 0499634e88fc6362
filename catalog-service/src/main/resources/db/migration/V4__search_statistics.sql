-- Joint statistics of search keys and values: without them the planner multiplies the separate
-- selectivities of key and value, underestimates filters such as spec.type=service by an order of
-- magnitude and chooses to hash whole kinds instead of walking the sort index page by page.
CREATE STATISTICS search_key_value_stats (mcv) ON key, value FROM search;
