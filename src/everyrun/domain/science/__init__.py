"""Published sports-science formulas, each with its source beside it; pure and side-effect free."""
