-- The first characters of a token's secret, shown so that people can tell tokens apart.
ALTER TABLE api_tokens ADD COLUMN prefix TEXT NOT NULL DEFAULT '';
