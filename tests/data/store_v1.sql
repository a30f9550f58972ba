-- store_v1.sql: a version-1 station database (schema as released, with a little data),
-- for the migration test. Frozen: never edit it to follow the current schema.
PRAGMA user_version = 1;
CREATE TABLE patients (  id INTEGER PRIMARY KEY,  clinic_id TEXT NOT NULL UNIQUE,  name TEXT,  side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),  phase INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 6),  created_at INTEGER NOT NULL);
CREATE TABLE sessions (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES patients(id),  phase INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 6),  started_at INTEGER NOT NULL,  finished_at INTEGER,  ended TEXT CHECK (ended IN ('done', 'stopped', 'red-flag')),  complete INTEGER NOT NULL DEFAULT 0 CHECK (complete = 0 OR ended = 'done'),  sets_planned INTEGER NOT NULL DEFAULT 0,  plate TEXT, calibration_serial TEXT, calibration_file TEXT,  red_flag_pop INTEGER, red_flag_dip INTEGER, red_flag_cannot_raise INTEGER);
CREATE INDEX sessions_patient ON sessions(patient_id, started_at);
CREATE TABLE sets (  id INTEGER PRIMARY KEY,  session_id INTEGER NOT NULL REFERENCES sessions(id),  set_no INTEGER NOT NULL,  exercise TEXT NOT NULL,  mode TEXT NOT NULL,  side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),  target_count INTEGER, target_hold_s REAL, lower_min_s REAL, lower_max_s REAL,  started_at INTEGER NOT NULL, finished_at INTEGER,  duration_s REAL, body_weight_n REAL,  recording TEXT, recording_bytes INTEGER,  complete INTEGER NOT NULL DEFAULT 0 CHECK (complete = 0 OR recording IS NOT NULL),  UNIQUE (session_id, set_no, side));
CREATE TABLE reps (  set_id INTEGER NOT NULL REFERENCES sets(id), idx INTEGER NOT NULL,  start_s REAL, top_s REAL, lower_start_s REAL, end_s REAL,  rise_s REAL, hold_s REAL, lower_s REAL,  height_mm REAL, work_j REAL, left_share_pct REAL, saturated INTEGER NOT NULL,  PRIMARY KEY (set_id, idx));
CREATE TABLE holds (  set_id INTEGER NOT NULL REFERENCES sets(id), idx INTEGER NOT NULL,  start_s REAL, end_s REAL, duration_s REAL, left_share_pct REAL,  force_sd_n REAL, cop_sd_mm REAL, saturated INTEGER NOT NULL,  PRIMARY KEY (set_id, idx));
CREATE TABLE hops (  set_id INTEGER NOT NULL REFERENCES sets(id), idx INTEGER NOT NULL,  takeoff_s REAL, landing_s REAL, flight_s REAL, contact_s REAL,  height_mm REAL, rsi REAL, saturated INTEGER NOT NULL,  PRIMARY KEY (set_id, idx));
CREATE TABLE pain (  id INTEGER PRIMARY KEY,  session_id INTEGER NOT NULL REFERENCES sessions(id),  at INTEGER NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('before', 'day-after-last', 'after-set', 'after')),  set_no INTEGER,  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10));
CREATE TABLE phase_changes (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES patients(id),  at INTEGER NOT NULL,  from_phase INTEGER NOT NULL, to_phase INTEGER NOT NULL CHECK (to_phase BETWEEN 1 AND 6),  decision TEXT NOT NULL CHECK (decision IN ('set', 'confirmed', 'declined')),  by_whom TEXT NOT NULL CHECK (by_whom <> ''), why TEXT NOT NULL CHECK (why <> ''),  suggestion TEXT);

INSERT INTO patients (clinic_id, name, side, phase, created_at) VALUES ('P-0001', 'Ann Example', 'left', 2, 1790000000);
INSERT INTO sessions (patient_id, phase, started_at, finished_at, ended, complete, sets_planned, plate)
  VALUES (1, 2, 1790000000, 1790001200, 'done', 1, 1, 'sim:heel-raises');
INSERT INTO sets (session_id, set_no, exercise, mode, side, target_count, lower_min_s, lower_max_s, started_at,
  finished_at, recording, recording_bytes, complete)
  VALUES (1, 1, 'standing-double-raise', 'heel-raise', 'both', 2, 3, 5, 1790000100, 1790000200, 'recordings/set-1.rec', 1234, 1);
INSERT INTO reps (set_id, idx, start_s, top_s, lower_start_s, end_s, rise_s, hold_s, lower_s, height_mm, work_j,
  left_share_pct, saturated) VALUES (1, 0, 1, 2, 3, 7, 1, 1, 4, 50, 34, 49, 0), (1, 1, 9, 10, 11, 13, 1, 1, 2, 48, 33, 51, 0);
INSERT INTO pain (session_id, at, kind, set_no, score) VALUES (1, 1790000010, 'before', NULL, 2), (1, 1790000210, 'after-set', 1, 4);
