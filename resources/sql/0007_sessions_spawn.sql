-- AgentMeter schema, version 7: sessions_spawn is a permanent index, no longer one a bulk load defers.
-- Link resolution at the end of every run joins a sub-agent session to the session whose tool call
-- spawned it through this index. A bulk load now resolves those links without building the key
-- indexes (writer_indexes.sql), which it leaves to the next run that looks a key up; this one it keeps
-- up to date row by row (a few thousand sub-agent sessions in a large history, against hundreds of
-- thousands of requests and tool calls).
CREATE INDEX IF NOT EXISTS sessions_spawn ON sessions(spawn_tool_use_id) WHERE spawn_tool_use_id IS NOT NULL;
