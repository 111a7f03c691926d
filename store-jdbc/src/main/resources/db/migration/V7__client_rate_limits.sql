-- A client's own rate limit (PATCH /admin/clients/{key} {"rate_limit": ...}); both null: the route's.
ALTER TABLE clients ADD COLUMN rate_limit_requests INTEGER;
ALTER TABLE clients ADD COLUMN rate_limit_window_seconds INTEGER;
