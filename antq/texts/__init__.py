"""Each page's interface text: one module per page with a dict TEXT of key -> (Vietnamese, English)."""
