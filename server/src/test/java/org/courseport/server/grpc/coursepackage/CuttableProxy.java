package org.courseport.server.grpc.coursepackage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port in front of a server port, whose open connections can be cut
 * (reset) at any moment while new ones are still accepted; counts the bytes sent upstream.
 */
final class CuttableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong upstreamBytes = new AtomicLong();
  private volatile boolean closed;
  private volatile long cutAt = Long.MAX_VALUE;
  private volatile long upstreamAtCut = -1;

  CuttableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Bytes sent from clients to the server so far. */
  long upstreamBytes() {
    return upstreamBytes.get();
  }

  /**
   * Cuts the connections once, as soon as more than {@code bytes} have gone upstream (in total).
   */
  void cutOnceAfter(long bytes) {
    cutAt = bytes;
  }

  /** The upstream byte count when {@link #cutOnceAfter} cut, or -1 if it has not. */
  long upstreamAtCut() {
    return upstreamAtCut;
  }

  /** Resets every open connection, both sides; later connections go through again. */
  void cut() {
    for (Socket s : Set.copyOf(open)) {
      try {
        s.setSoLinger(true, 0);
        s.close();
      } catch (IOException e) {
        // closed already
      }
      open.remove(s);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(server);
        threads.execute(() -> pump(client, server, upstreamBytes));
        threads.execute(() -> pump(server, client, new AtomicLong()));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, AtomicLong counter) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        long total = counter.addAndGet(n);
        if (counter == upstreamBytes && total > cutAt) {
          synchronized (this) {
            if (cutAt != Long.MAX_VALUE) {
              cutAt = Long.MAX_VALUE;
              upstreamAtCut = total;
              cut();
            }
          }
        }
      }
    } catch (IOException e) {
      // the connection was cut or closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    cut();
    threads.shutdownNow();
  }
}
