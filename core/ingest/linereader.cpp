// SPDX-License-Identifier: MIT
#include "linereader.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <QFile>
#include <unistd.h>

LineReader::LineReader(size_t initialWindow, size_t maxLine)
    : m_capacity(initialWindow)
    , m_maxLine(maxLine)
{ }

LineReader::~LineReader()
{
    close();
}

bool LineReader::open(const QString& path, qint64 offset, QString* error)
{
    close();
    m_fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0) {
        if (error)
            *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    if (offset > 0 && ::lseek(m_fd, offset, SEEK_SET) != offset) {
        if (error)
            *error = QString::fromLocal8Bit(std::strerror(errno));
        close();
        return false;
    }
    ::posix_fadvise(m_fd, offset, 0, POSIX_FADV_SEQUENTIAL);
    if (!m_buffer)
        m_buffer.reset(new char[m_capacity + kPadding]);
    m_begin = m_end = m_scan = 0;
    m_windowOffset = m_consumed = offset;
    m_oversized = m_bytesRead = 0;
    m_eof = m_skipping = false;
    m_error.clear();
    return true;
}

void LineReader::close()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
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
    for (;;) {
        const ssize_t n = ::read(m_fd, m_buffer.get() + m_end, m_capacity - m_end);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            m_error = QString::fromLocal8Bit(std::strerror(errno));
        if (n <= 0) {
            m_eof = true;
            return false;
        }
        m_end += size_t(n);
        m_bytesRead += n;
        std::memset(m_buffer.get() + m_end, 0, kPadding);
        return true;
    }
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
