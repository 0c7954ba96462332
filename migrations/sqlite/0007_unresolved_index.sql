-- Open incidents and unfinished maintenance, newest or soonest first, without walking the whole
-- history: `status <> 'resolved'` cannot use the (status, started_at) index, so the planner
-- walked every incident by start time. These indexes hold only the few open rows.
CREATE INDEX incidents_unresolved ON incidents (started_at DESC, id DESC) WHERE status <> 'resolved';
CREATE INDEX maintenances_unfinished ON maintenances (scheduled_for, id) WHERE status <> 'completed';
