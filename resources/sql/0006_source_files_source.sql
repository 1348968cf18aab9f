-- AgentMeter schema, version 6: each source's file cursors without reading every source's.
-- An ingest reads the stored cursors once per source. Without this index each read scanned the whole
-- source_files table, parser states included: 4.5 ms per source on a store of 23,000 Codex rollouts,
-- so a warm run spent 18 ms reading the four other sources' cursors, which were none. Covering: the
-- read needs no table row (on 22,930 rollouts 11 MB less memory). The price is a second copy of each
-- path (the UNIQUE index has one) and an index update with every cursor update.
CREATE INDEX IF NOT EXISTS source_files_source ON source_files(source_id, path, device, inode, size, mtime_ns, offset);
