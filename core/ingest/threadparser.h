// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>

// One simdjson parser per thread (and Slot) for every file the thread reads: a parser allocates
// buffers for the longest line it has seen and grows them as longer ones come, and a new parser for
// each of thousands of files did that over again, and faulted the memory in, each time (Codex rollouts
// in session 19; Claude files 4 % of the parse thread on 1 GB of logs in session 20). A parser must stay
// on the thread that created it, and no document or value may outlive the parseLine() call that made
// it: a parser of another file on the same thread reuses the buffers.
//
// In an unnamed namespace, so each file that includes this header has parsers of its own: one compiled
// with other simdjson settings (SIMDJSON_THREADS_ENABLED changes the parsers' layout) must not share
// them. Each parser type is used in one file.
namespace {
template <typename Parser, int Slot = 0> Parser& threadParser()
{
    thread_local Parser parser;
    return parser;
}

// A file's parser let go of its buffers when it is done with a file that grew them past 1 MiB: one huge
// line should not keep them for the life of the thread (simdjson 3.0 takes about 14 bytes per byte of
// capacity).
template <typename Parser> void trimThreadParser(Parser& parser)
{
    constexpr std::size_t kKeptCapacity = std::size_t(1) << 20;
    if (parser.capacity() > kKeptCapacity)
        parser = Parser();
}
} // namespace
