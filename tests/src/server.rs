//! A real actix-web server on a loopback port, in a thread of its own, for raw-socket tests.

use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, web};

/// A running server; dropping it stops the server and joins its thread.
pub struct TestServer {
    addr: SocketAddr,
    handle: ServerHandle,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    /// Serves the routes `configure` registers, with `workers` worker threads, on a free port.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound or the server does not start: a test cannot go on.
    pub fn start<F>(workers: usize, configure: F) -> TestServer
    where
        F: Fn(&mut web::ServiceConfig) + Clone + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
        let addr = listener.local_addr().expect("the bound address");
        let (sent, received) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || App::new().configure(configure.clone()))
                    .workers(workers)
                    .disable_signals()
                    .listen(listener)?
                    .run();
                sent.send(server.handle())
                    .expect("the test waits for the handle");
                server.await
            })
        });
        let handle = received.recv().expect("the server starts");
        TestServer {
            addr,
            handle,
            thread: Some(thread),
        }
    }

    /// The server's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let stop = self.handle.stop(false);
        actix_web::rt::System::new().block_on(stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
