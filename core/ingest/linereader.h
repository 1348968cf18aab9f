// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <QString>
#include <string>
#include <string_view>
#include <sys/types.h>

// Streams complete lines of a file from a byte offset, in bounded memory: a 1 MiB window that grows
// only as far as the longest line (capped). A trailing line without '\n' is never returned, because
// the agent may still be writing it; consumedOffset() stays before it so the next run resumes there.
// Every returned line is followed by at least kPadding readable bytes, as simdjson requires.
// A path ending in ".zst" is decompressed on the fly (Codex rollouts, OpenClaw archives); its offsets
// are offsets into the decompressed stream, and resuming at one decodes and discards up to it.
class LineReader
{
public:
    static constexpr size_t kPadding = 64; // >= SIMDJSON_PADDING

    struct Line
    {
        std::string_view text; // without the '\n' (and without a '\r' before it)
        qint64 offset = 0; // file offset of the first byte
        size_t capacity = 0; // readable bytes from text.data(), padding included
    };

    explicit LineReader(size_t initialWindow = size_t(1) << 20, size_t maxLine = size_t(256) << 20);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // listedSize: the size the file had when it was listed, if known. A plain file is then read until a
    // read() reaches it, and no further read() is made to find its end (about 22,000 calls fewer in a
    // cold load of a 1 GB Codex corpus). The complete lines that last read brings past the listed size
    // are returned; the rest appended since is left to the next run, which sees the new size. Without
    // it (or with a size not past the offset) the file is read until read() returns 0.
    bool open(const QString& path, qint64 offset, QString* error = nullptr, qint64 listedSize = -1);
    static bool isCompressed(const QString& path) { return path.endsWith(QLatin1String(".zst")); }
    void close();

    // The next complete line, or false at end of data (a partial last line stays unread).
    bool next(Line& line);
    // Everything from the offset to the end, for documents that are rewritten whole (at most maxLine
    // bytes). out holds *length bytes of data followed by kPadding zero bytes; consumedOffset() moves
    // to the end.
    bool readAll(std::string& out, size_t* length, QString* error);

    qint64 consumedOffset() const { return m_consumed; }
    // Lines longer than maxLine are skipped whole (counted here), never buffered.
    qint64 oversizedLines() const { return m_oversized; }
    qint64 bytesRead() const { return m_bytesRead; } // from the disk (compressed bytes for .zst)
    // Set when reading failed (an I/O error, not the end of the file); next() then returns false.
    QString error() const { return m_error; }

private:
    struct Zstd;

    bool fill();
    // Up to size bytes of (decompressed) data; 0 at the end, -1 on an error (m_error set).
    ssize_t readData(char* into, size_t size);
    void adviseIfLong();
    // Bytes read from a file before it is advised as sequential.
    static constexpr size_t kAdviseAfter = size_t(1) << 20;

    int m_fd = -1;
    std::unique_ptr<char[]> m_buffer;
    size_t m_capacity = 0; // usable bytes, padding excluded
    size_t m_maxLine = 0;
    size_t m_begin = 0; // first unconsumed byte in the window
    size_t m_end = 0; // end of valid data in the window
    size_t m_scan = 0; // where the search for the next '\n' resumes
    qint64 m_windowOffset = 0; // file offset of m_buffer[0]
    qint64 m_listedEnd = -1; // a plain file's listed size: no read() past it (-1: read to the end)
    qint64 m_consumed = 0;
    qint64 m_oversized = 0;
    qint64 m_bytesRead = 0;
    bool m_eof = false;
    bool m_skipping = false; // inside an oversized line, discarding up to its '\n'
    bool m_advised = false; // posix_fadvise(SEQUENTIAL) given
    bool m_compressed = false; // the open file is zstd-compressed
    QString m_error;
    std::unique_ptr<Zstd> m_zstd; // the decoder, created for the first compressed file and kept
};
