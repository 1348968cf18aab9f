// SPDX-License-Identifier: MIT
#include "linereader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <QFile>
#include <unistd.h>
#include <zstd.h>

struct LineReader::Zstd
{
    ZSTD_DStream* stream = ZSTD_createDStream();
    std::unique_ptr<char[]> input { new char[ZSTD_DStreamInSize()] };
    ZSTD_inBuffer in { input.get(), 0, 0 };
    bool sourceDone = false;
    bool frameOpen = false; // inside a frame: the file must not end here
    ~Zstd() { ZSTD_freeDStream(stream); }
};

LineReader::LineReader(size_t initialWindow, size_t maxLine)
    : m_capacity(initialWindow)
    , m_maxLine(maxLine)
{ }

LineReader::~LineReader()
{
    close();
}

bool LineReader::open(const QString& path, qint64 offset, QString* error, qint64 listedSize)
{
    close();
    m_fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) {
        if (error)
            *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    m_compressed = isCompressed(path);
    if (m_compressed) {
        // One decoder for every compressed file this reader opens: creating one allocates its window.
        if (!m_zstd)
            m_zstd = std::make_unique<Zstd>();
        ZSTD_initDStream(m_zstd->stream);
        m_zstd->in = ZSTD_inBuffer { m_zstd->input.get(), 0, 0 };
        m_zstd->sourceDone = m_zstd->frameOpen = false;
    }
    if (!m_compressed && offset > 0 && ::lseek(m_fd, offset, SEEK_SET) != offset) {
        if (error)
            *error = QString::fromLocal8Bit(std::strerror(errno));
        close();
        return false;
    }
    if (!m_buffer)
        m_buffer.reset(new char[m_capacity + kPadding]);
    m_begin = m_end = m_scan = 0;
    m_windowOffset = m_consumed = offset;
    // A compressed file's offsets count decompressed bytes, which its size on disk does not bound.
    m_listedEnd = !m_compressed && listedSize > offset ? listedSize : -1;
    m_oversized = m_bytesRead = 0;
    m_eof = m_skipping = m_advised = false;
    m_error.clear();
    if (m_compressed) {
        // A zstd stream cannot seek: decode and discard everything before the offset.
        qint64 skip = offset;
        while (skip > 0) {
            const ssize_t n = readData(m_buffer.get(), size_t(std::min<qint64>(skip, qint64(m_capacity))));
            if (n <= 0) {
                if (error)
                    *error = m_error.isEmpty()
                        ? QStringLiteral("compressed file ends before offset %1").arg(offset)
                        : m_error;
                close();
                return false;
            }
            skip -= n;
        }
    }
    return true;
}

void LineReader::adviseIfLong()
{
    // Most logs fit the first window; the advice (a system call) is for the long ones, whose
    // read-ahead it doubles.
    if (m_advised || m_bytesRead < qint64(kAdviseAfter))
        return;
    m_advised = true;
    ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
}

ssize_t LineReader::readData(char* into, size_t size)
{
    adviseIfLong();
    if (!m_compressed) {
        for (;;) {
            const ssize_t n = ::read(m_fd, into, size);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                m_error = QString::fromLocal8Bit(std::strerror(errno));
            if (n > 0)
                m_bytesRead += n;
            return n;
        }
    }
    Zstd& z = *m_zstd;
    ZSTD_outBuffer out { into, size, 0 };
    while (out.pos == 0) {
        if (z.in.pos == z.in.size && !z.sourceDone) {
            ssize_t n;
            do
                n = ::read(m_fd, z.input.get(), ZSTD_DStreamInSize());
            while (n < 0 && errno == EINTR);
            if (n < 0) {
                m_error = QString::fromLocal8Bit(std::strerror(errno));
                return -1;
            }
            m_bytesRead += n;
            z.in = ZSTD_inBuffer { z.input.get(), size_t(n), 0 };
            z.sourceDone = n == 0;
        }
        if (z.in.pos == z.in.size && z.sourceDone) {
            if (z.frameOpen) {
                m_error = QStringLiteral("truncated zstd data");
                return -1;
            }
            return 0;
        }
        const size_t hint = ZSTD_decompressStream(z.stream, &out, &z.in);
        if (ZSTD_isError(hint)) {
            m_error = QStringLiteral("zstd: %1").arg(QString::fromLatin1(ZSTD_getErrorName(hint)));
            return -1;
        }
        z.frameOpen = hint != 0;
    }
    return ssize_t(out.pos);
}

void LineReader::close()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_compressed = false;
}

bool LineReader::fill()
{
    if (m_eof)
        return false;
    // Slide the unconsumed tail to the front, then grow the window if a single line fills it.
    if (m_begin > 0) {
        std::memmove(m_buffer.get(), m_buffer.get() + m_begin, m_end - m_begin);
        m_windowOffset += qint64(m_begin);
        m_end -= m_begin;
        m_scan -= m_begin;
        m_begin = 0;
    }
    if (m_end == m_capacity) {
        if (m_capacity >= m_maxLine) {
            // The line does not fit even the largest window: drop what we have and skip to its end.
            m_skipping = true;
            m_windowOffset += qint64(m_end);
            m_end = m_scan = 0;
        } else {
            const size_t grown = std::min(m_capacity * 2, m_maxLine);
            std::unique_ptr<char[]> bigger(new char[grown + kPadding]);
            std::memcpy(bigger.get(), m_buffer.get(), m_end);
            m_buffer = std::move(bigger);
            m_capacity = grown;
        }
    }
    const ssize_t n = readData(m_buffer.get() + m_end, m_capacity - m_end);
    if (n <= 0) {
        m_eof = true;
        return false;
    }
    m_end += size_t(n);
    std::memset(m_buffer.get() + m_end, 0, kPadding);
    if (m_listedEnd >= 0 && m_windowOffset + qint64(m_end) >= m_listedEnd)
        m_eof = true; // read as far as it was listed: the next fill() ends without a read()
    return true;
}

bool LineReader::next(Line& line)
{
    if (m_fd < 0)
        return false;
    for (;;) {
        char* base = m_buffer.get();
        auto* newline
            = static_cast<char*>(m_scan < m_end ? std::memchr(base + m_scan, '\n', m_end - m_scan) : nullptr);
        if (newline) {
            const size_t lineEnd = size_t(newline - base);
            const size_t start = m_begin;
            m_begin = m_scan = lineEnd + 1;
            m_consumed = m_windowOffset + qint64(m_begin);
            if (m_skipping) {
                m_skipping = false;
                ++m_oversized;
                continue;
            }
            size_t length = lineEnd - start;
            if (length > 0 && base[start + length - 1] == '\r')
                --length;
            line.text = std::string_view(base + start, length);
            line.offset = m_windowOffset + qint64(start);
            line.capacity = m_capacity + kPadding - start;
            return true;
        }
        m_scan = m_end;
        if (!fill())
            return false;
    }
}

bool LineReader::readAll(std::string& out, size_t* length, QString* error)
{
    out.clear();
    size_t used = 0;
    for (;;) {
        if (out.size() < used + (size_t(1) << 16))
            out.resize(std::max(out.size() * 2, used + (size_t(1) << 16)));
        const ssize_t n = m_fd >= 0 ? readData(out.data() + used, out.size() - used) : 0;
        if (n < 0) {
            *error = m_error;
            return false;
        }
        if (n == 0)
            break;
        used += size_t(n);
        if (used > m_maxLine) {
            *error = QStringLiteral("document larger than %1 bytes").arg(m_maxLine);
            return false;
        }
    }
    out.resize(used + kPadding);
    std::memset(out.data() + used, 0, kPadding);
    *length = used;
    m_consumed += qint64(used);
    return true;
}
