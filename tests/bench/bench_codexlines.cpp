// SPDX-License-Identifier: MIT
// Times CodexFastLine, the reading of Codex token counts and command outputs without a DOM, against
// simdjson's DOM parse of the same lines (the reference the parser used before, measured in the same
// run), on the lines of the plain rollouts under DIR. Built with -DAGENTMETER_BENCH=ON; see
// tests/bench/README.md.
//
//   bench_codexlines DIR [REPS]
//
// Prints the best of REPS (default 15) passes over the lines for each reading, and their ratio. Only the
// lines the shortcut takes are timed on both sides; the others are counted. Each line goes to the one
// reading CodexFileParser::parseLine gives it (a response item to readToolOutput, any other line to
// readTokenCount).
#include "ingest/codexfastline.h"
#include "ingest/filewalk.h"
#include "ingest/linereader.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <QString>
#include <simdjson.h>
#include <vector>

namespace {
template <typename Pass> double bestSeconds(int reps, Pass pass)
{
    double best = 1e30;
    for (int rep = 0; rep < reps; ++rep) {
        const auto start = std::chrono::steady_clock::now();
        pass();
        best
            = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

struct Line
{
    simdjson::padded_string text; // with the padding the DOM parse reads past the end, as LineReader's
    bool toolOutput = false;
};
} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_codexlines DIR [REPS]\n");
        return 2;
    }
    const int reps = argc > 2 ? std::max(1, std::atoi(argv[2])) : 15;

    // The lines, in memory: the file reading is not what is timed.
    std::vector<Line> lines;
    size_t others = 0;
    size_t bytes = 0;
    FileWalk::visit(QString::fromLocal8Bit(argv[1]), [&](const std::string& path, std::string_view name) {
        if (!FileWalk::hasSuffix(name, ".jsonl"))
            return true;
        LineReader reader;
        if (!reader.open(QString::fromStdString(path), 0))
            return true;
        LineReader::Line line;
        while (reader.next(line)) {
            CodexFastLine::TokenCount count;
            CodexFastLine::ToolOutput output;
            if (CodexFastLine::readTokenCount(line.text, &count))
                lines.push_back({ simdjson::padded_string(line.text), false });
            else if (CodexFastLine::readToolOutput(line.text, &output))
                lines.push_back({ simdjson::padded_string(line.text), true });
            else {
                ++others;
                continue;
            }
            bytes += line.text.size();
        }
        return true;
    });
    if (lines.empty()) {
        std::fprintf(stderr, "bench_codexlines: no token count or command output under %s\n", argv[1]);
        return 1;
    }

    uint64_t sink = 0; // what each pass read, so that no pass can be left out (wraps, unsigned)
    const double fast = bestSeconds(reps, [&] {
        for (const Line& line : lines) {
            const std::string_view text(line.text.data(), line.text.size());
            if (line.toolOutput) {
                CodexFastLine::ToolOutput output;
                if (CodexFastLine::readToolOutput(text, &output))
                    sink += uint64_t(output.isError) + uint64_t(output.timestampMs);
            } else {
                CodexFastLine::TokenCount count;
                if (CodexFastLine::readTokenCount(text, &count))
                    sink += uint64_t(count.total.input) + uint64_t(count.timestampMs);
            }
        }
    });
    simdjson::dom::parser parser;
    const double dom = bestSeconds(reps, [&] {
        for (const Line& line : lines) {
            simdjson::dom::element document;
            if (!parser.parse(line.text.data(), line.text.size(), false).get(document))
                sink += document.is_object();
        }
    });
    std::printf("%zu lines read by the shortcut (%.1f MB), %zu other lines; best of %d passes\n",
        lines.size(), double(bytes) / 1e6, others, reps);
    std::printf("  shortcut      %8.2f ms  %6.0f ns a line\n", fast * 1e3, fast * 1e9 / double(lines.size()));
    std::printf("  simdjson DOM  %8.2f ms  %6.0f ns a line (the DOM alone, before any field is read)\n",
        dom * 1e3, dom * 1e9 / double(lines.size()));
    std::printf("  shortcut / DOM: %.3f   (%llu)\n", fast / dom, static_cast<unsigned long long>(sink % 10));
    return 0;
}
