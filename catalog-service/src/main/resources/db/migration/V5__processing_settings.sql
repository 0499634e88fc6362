-- What the last started instance processed with (rules, version). When it differs at start, every
-- entity is re-processed once, spread over one location interval (see ProcessingSettings).
CREATE TABLE processing_settings (
    key   text PRIMARY KEY,
    value text NOT NULL
);
