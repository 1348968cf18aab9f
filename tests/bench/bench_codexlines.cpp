// SPDX-License-Identifier: MIT
// Times CodexFastLine, the reading of Codex token counts and command outputs without a DOM, against
// simdjson's DOM parse of the same lines (the reference the parser used before, measured in the same
// run), on the lines of the plain rollouts under DIR. Built with -DAGENTMETER_BENCH=ON; see
// tests/bench/README.md.
//
//   bench_codexlines DIR [REPS]
//
// Prints the best of REPS (default 15) passes over the lines for each reading, and their ratio. Only the
// lines the shortcut takes are timed on both sides; the others are counted.
#include "ingest/codexfastline.h"
#include "ingest/filewalk.h"
#include "ingest/linereader.h"

#include <chrono>
#include <cstdio>
#include <QString>
#include <simdjson.h>
#include <string>
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
} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_codexlines DIR [REPS]\n");
        return 2;
    }
    const int reps = argc > 2 ? std::max(1, std::atoi(argv[2])) : 15;

    // The lines, in memory: the file reading is not what is timed.
    std::vector<std::string> lines;
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
            if (CodexFastLine::readTokenCount(line.text, &count)
                || CodexFastLine::readToolOutput(line.text, &output)) {
                lines.emplace_back(line.text);
                bytes += line.text.size();
            } else {
                ++others;
            }
        }
        return true;
    });
    if (lines.empty()) {
        std::fprintf(stderr, "bench_codexlines: no token count or command output under %s\n", argv[1]);
        return 1;
    }

    qint64 sink = 0; // what each pass read, so that no pass can be left out
    const double fast = bestSeconds(reps, [&] {
        for (const std::string& text : lines) {
            CodexFastLine::TokenCount count;
            CodexFastLine::ToolOutput output;
            if (CodexFastLine::readTokenCount(text, &count))
                sink += count.total.input + count.timestampMs;
            else if (CodexFastLine::readToolOutput(text, &output))
                sink += output.isError + output.timestampMs;
        }
    });
    simdjson::dom::parser parser;
    const double dom = bestSeconds(reps, [&] {
        for (const std::string& text : lines) {
            simdjson::dom::element document;
            if (!parser.parse(text.data(), text.size(), false).get(document))
                sink += document.is_object();
        }
    });
    std::printf("%zu lines read by the shortcut (%.1f MB), %zu other lines; best of %d passes\n",
        lines.size(), double(bytes) / 1e6, others, reps);
    std::printf("  shortcut      %8.2f ms  %6.0f ns a line\n", fast * 1e3, fast * 1e9 / double(lines.size()));
    std::printf("  simdjson DOM  %8.2f ms  %6.0f ns a line (the DOM alone, before any field is read)\n",
        dom * 1e3, dom * 1e9 / double(lines.size()));
    std::printf("  shortcut / DOM: %.3f   (%lld)\n", fast / dom, static_cast<long long>(sink % 10));
    return 0;
}
