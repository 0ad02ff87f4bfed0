-- When a drop's viewers were told it is about to expire (drop.expiring), so they are told once.
ALTER TABLE drops ADD COLUMN expiry_warned_at BIGINT;
