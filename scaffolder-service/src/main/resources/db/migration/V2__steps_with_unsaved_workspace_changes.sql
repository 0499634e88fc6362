-- A step that finished while other steps of its task were still running changed the workspace, but
-- the snapshot waits until no step runs (a snapshot taken mid-write would be torn). Until that
-- snapshot is stored, the step's changes exist only on its worker: a worker that takes the task over
-- runs such a step again (idempotent actions) or fails the task, instead of trusting files it lacks.
ALTER TABLE task_steps ADD COLUMN unsaved_changes boolean NOT NULL DEFAULT false;
