//! Real servers on a loopback port, each in a thread of its own, for raw-socket tests: actix-web
//! ([`TestServer`]) and axum on hyper ([`AxumServer`]).

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

/// A real hyper server (`axum::serve`) on a loopback port, on a tokio runtime in a thread of its
/// own, for the same raw-socket tests against the `cors_tower` layers.
pub struct AxumServer {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl AxumServer {
    /// Serves `app` with `workers` runtime threads on a free port.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound or the runtime does not start: a test cannot go on.
    pub fn start(workers: usize, app: axum::Router) -> AxumServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
        let addr = listener.local_addr().expect("the bound address");
        // tokio takes over a listener only in non-blocking mode.
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .enable_io()
            .build()
            .expect("a tokio runtime");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
            })
        });
        AxumServer {
            addr,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// The server's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for AxumServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
