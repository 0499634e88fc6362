-- The identity that registered a location (subject, user name, teams, platform-admin flag). Every
-- processing pass checks the entities it reads against it, not only the registration
-- (docs/decisions/0009). Locations registered before it was recorded passed the check of their
-- time; they are marked legacy and keep being processed as registered by an admin.
ALTER TABLE locations ADD COLUMN registrant jsonb;
UPDATE locations SET registrant = jsonb_build_object('subject', coalesce(created_by, ''), 'username', coalesce(created_by, ''),
    'groups', '[]'::jsonb, 'admin', true, 'legacy', true);
ALTER TABLE locations ALTER COLUMN registrant SET NOT NULL;

-- Fencing token of the pass that claimed a row. A pass writes only the rows that still carry its
-- token, so a pass whose lease expired cannot overwrite what a newer pass wrote.
CREATE SEQUENCE refresh_state_lease_seq;
ALTER TABLE refresh_state ADD COLUMN lease_token bigint;
