//! A raw HTTP/1.1 client over a `TcpStream`: it sends exactly the bytes it is given (repeated
//! headers, 16 KiB values, non-UTF-8, bare CR), which no HTTP client library lets through, and
//! parses the response without judging it.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// How long a read or write may block before the exchange counts as failed.
const TIMEOUT: Duration = Duration::from_secs(10);

/// One parsed response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The header lines in order, names lowercased.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
    /// Whether the server closes the connection after this response.
    pub closes: bool,
}

impl Response {
    /// Every value of the header `name` (lowercase).
    pub fn all(&self, name: &str) -> Vec<&[u8]> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
            .collect()
    }

    /// The first value of the header `name` (lowercase), as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.all(name)
            .first()
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }

    /// Whether some `Vary` line lists `name` (case-insensitively).
    pub fn varies_on(&self, name: &str) -> bool {
        self.all("vary").iter().any(|line| {
            line.split(|&b| b == b',')
                .any(|token| token.trim_ascii().eq_ignore_ascii_case(name.as_bytes()))
        })
    }
}

/// A keep-alive connection.
pub struct Connection {
    reader: BufReader<TcpStream>,
}

impl Connection {
    /// Connects to `addr`.
    pub fn open(addr: SocketAddr) -> io::Result<Connection> {
        let stream = TcpStream::connect_timeout(&addr, TIMEOUT)?;
        stream.set_read_timeout(Some(TIMEOUT))?;
        stream.set_write_timeout(Some(TIMEOUT))?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            reader: BufReader::new(stream),
        })
    }

    /// Sends `request` as is and reads one response.
    pub fn exchange(&mut self, request: &[u8]) -> io::Result<Response> {
        self.reader.get_mut().write_all(request)?;
        read_response(&mut self.reader)
    }
}

impl Connection {
    /// Whether the server has closed the connection: the next read finds the end of the stream
    /// (or a reset) within the read timeout instead of more bytes.
    pub fn is_closed_by_peer(&mut self) -> bool {
        match self.reader.fill_buf() {
            Ok(rest) => rest.is_empty(),
            Err(error) => error.kind() == io::ErrorKind::ConnectionReset,
        }
    }
}

/// Sends `request` on a new connection and reads one response.
pub fn exchange(addr: SocketAddr, request: &[u8]) -> io::Result<Response> {
    Connection::open(addr)?.exchange(request)
}

fn invalid(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

fn read_line(reader: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line)?;
    if !line.ends_with(b"\r\n") {
        return Err(invalid(format!(
            "truncated line {:?}",
            line.escape_ascii().to_string()
        )));
    }
    line.truncate(line.len() - 2);
    Ok(line)
}

fn read_response(reader: &mut impl BufRead) -> io::Result<Response> {
    let status_line = read_line(reader)?;
    let status = status_line
        .strip_prefix(b"HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| std::str::from_utf8(code).ok()?.parse().ok())
        .ok_or_else(|| {
            invalid(format!(
                "status line {:?}",
                status_line.escape_ascii().to_string()
            ))
        })?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            break;
        }
        let colon = line
            .iter()
            .position(|&b| b == b':')
            .ok_or_else(|| invalid("header line without a colon"))?;
        let name = String::from_utf8_lossy(&line[..colon]).to_ascii_lowercase();
        headers.push((name, line[colon + 1..].trim_ascii().to_vec()));
    }
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
        closes: false,
    };
    response.closes = response
        .header("connection")
        .is_some_and(|c| c.eq_ignore_ascii_case("close"));
    if response
        .header("transfer-encoding")
        .is_some_and(|te| te.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let size = read_line(reader)?;
            let size = std::str::from_utf8(&size)
                .ok()
                .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
                .ok_or_else(|| invalid("chunk size"))?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            response.body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = response.header("content-length") {
        let length: usize = length.parse().map_err(|_| invalid("content-length"))?;
        response.body = vec![0; length];
        reader.read_exact(&mut response.body)?;
    } else if response.closes {
        reader.read_to_end(&mut response.body)?;
    }
    Ok(response)
}
