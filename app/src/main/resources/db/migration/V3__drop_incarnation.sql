-- A drop's incarnation: made once at creation and never reused, so that credentials issued for a
-- deleted drop do not open a new drop of the same name. Drops from before have none (NULL), which
-- reads as the empty incarnation; every drop created from now on has its own.
ALTER TABLE drops ADD COLUMN incarnation VARCHAR(26);
