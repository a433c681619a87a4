package org.courseport.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.courseport.server.testing.CourseportServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code COURSEPORT_BIND_ADDRESS}: the gRPC and HTTP listeners accept connections on that address
 * only. 127.0.0.2 is a loopback address of its own on Linux, so 127.0.0.1 must be refused.
 */
class BindAddressTest {
  @RegisterExtension
  static final CourseportServerExtension server =
      new CourseportServerExtension().with("COURSEPORT_BIND_ADDRESS", "127.0.0.2");

  @Test
  void listeners_acceptOnTheBindAddress_only() {
    for (int port : new int[] {server.server().grpcPort(), server.server().httpPort()}) {
      assertThatCode(() -> connect("127.0.0.2", port)).doesNotThrowAnyException();
      assertThatThrownBy(() -> connect("127.0.0.1", port)).isInstanceOf(ConnectException.class);
    }
  }

  private static void connect(String host, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5000);
    }
  }
}
