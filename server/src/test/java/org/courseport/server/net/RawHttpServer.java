package org.courseport.server.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback socket server that answers every connection with fixed bytes, for responses a real
 * HTTP server will not produce (lying Content-Length, close-delimited bodies). Test helper.
 */
final class RawHttpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final byte[] response;
  private final long holdOpenMillis;
  private final Thread thread;
  final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  RawHttpServer(byte[] response, long holdOpenMillis) throws IOException {
    this.socket = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
    this.socket.setSoTimeout(200);
    this.response = response;
    this.holdOpenMillis = holdOpenMillis;
    this.thread = new Thread(this::serve, "raw-http-" + socket.getLocalPort());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    while (!closed) {
      try (Socket s = socket.accept()) {
        connections.incrementAndGet();
        s.setSoTimeout(2000);
        readRequestHead(s.getInputStream());
        OutputStream out = s.getOutputStream();
        out.write(response);
        out.flush();
        Thread.sleep(holdOpenMillis);
      } catch (SocketTimeoutException e) {
        // poll the closed flag
      } catch (IOException e) {
        // client went away (for example after refusing the body)
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int i = 0; i < 64 * 1024 && matched < 4; i++) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
