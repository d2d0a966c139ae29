"""Views of the supervisor's workspace, by concept: workspace (home, units), intake (upload, batches,
confirmation), review (a report, its findings, returns), rollups (a government's roll-up)."""
