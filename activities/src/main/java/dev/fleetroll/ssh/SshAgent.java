package dev.fleetroll.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;
import net.schmizz.sshj.userauth.method.AuthMethod;

/**
 * Keys held by the operator's ssh-agent ({@code SSH_AUTH_SOCK}), used for public-key authentication
 * without the private key ever leaving the agent. Speaks the agent protocol
 * (draft-miller-ssh-agent): list identities, sign.
 */
public final class SshAgent {

  private static final int FAILURE = 5;
  private static final int REQUEST_IDENTITIES = 11;
  private static final int IDENTITIES_ANSWER = 12;
  private static final int SIGN_REQUEST = 13;
  private static final int SIGN_RESPONSE = 14;
  private static final int RSA_SHA2_256 = 2;

  private final Path socket;

  public SshAgent(Path socket) {
    this.socket = socket;
  }

  /** The agent named by {@code SSH_AUTH_SOCK}, or null when there is none. */
  public static SshAgent fromEnvironment(Map<String, String> env) {
    String sock = env.get("SSH_AUTH_SOCK");
    if (sock == null || sock.isBlank() || !Files.exists(Path.of(sock))) {
      return null;
    }
    return new SshAgent(Path.of(sock));
  }

  /** One key in the agent: its public blob and comment. */
  public record Identity(byte[] blob, String comment) {
    String keyType() {
      try {
        return new Buffer.PlainBuffer(blob).readString();
      } catch (Buffer.BufferException e) {
        return "unknown";
      }
    }
  }

  public List<Identity> identities() throws IOException {
    Buffer.PlainBuffer reply = call(new Buffer.PlainBuffer().putByte((byte) REQUEST_IDENTITIES));
    int type = reply.readByte();
    if (type != IDENTITIES_ANSWER) {
      throw new IOException("ssh-agent answered " + type + " to a request for identities");
    }
    List<Identity> out = new ArrayList<>();
    try {
      long n = reply.readUInt32();
      for (long i = 0; i < n; i++) {
        out.add(new Identity(reply.readBytes(), reply.readString()));
      }
    } catch (Buffer.BufferException e) {
      throw new IOException("malformed identities answer from ssh-agent", e);
    }
    return out;
  }

  /** The agent's signature of {@code data} with the key {@code blob} (an SSH signature blob). */
  byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
    Buffer.PlainBuffer reply = call(new Buffer.PlainBuffer().putByte((byte) SIGN_REQUEST).putString(blob)
        .putString(data).putUInt32(flags));
    int type = reply.readByte();
    if (type == FAILURE) {
      throw new IOException("ssh-agent refused to sign");
    }
    if (type != SIGN_RESPONSE) {
      throw new IOException("ssh-agent answered " + type + " to a sign request");
    }
    try {
      return reply.readBytes();
    } catch (Buffer.BufferException e) {
      throw new IOException("malformed sign answer from ssh-agent", e);
    }
  }

  /** One sshj authentication method per agent key; none when the agent cannot be asked. */
  public List<AuthMethod> authMethods() {
    List<AuthMethod> methods = new ArrayList<>();
    try {
      for (Identity identity : identities()) {
        methods.add(new AgentAuth(identity));
      }
    } catch (IOException e) {
      // An agent that does not answer offers no keys; identity files may still work.
    }
    return methods;
  }

  private synchronized Buffer.PlainBuffer call(Buffer.PlainBuffer request) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      byte[] body = request.getCompactData();
      ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteBuffer length = ByteBuffer.allocate(4);
      readFully(channel, length);
      int n = length.flip().getInt();
      if (n <= 0 || n > 256 * 1024) {
        throw new IOException("ssh-agent sent a message of " + n + " bytes");
      }
      ByteBuffer reply = ByteBuffer.allocate(n);
      readFully(channel, reply);
      return new Buffer.PlainBuffer(reply.array());
    }
  }

  private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("ssh-agent closed the connection");
      }
    }
  }

  /** "publickey" authentication signed by the agent (RFC 4252 §7, with the signature sent at once). */
  private final class AgentAuth extends AbstractAuthMethod {
    private final Identity identity;

    AgentAuth(Identity identity) {
      super("publickey");
      this.identity = identity;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
      String keyType = identity.keyType();
      boolean rsa = keyType.equals("ssh-rsa");
      String algorithm = rsa ? "rsa-sha2-256" : keyType;
      SSHPacket req = super.buildReq();
      req.putBoolean(true).putString(algorithm).putString(identity.blob());
      byte[] toSign = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(req)
          .getCompactData();
      try {
        req.putString(sign(identity.blob(), toSign, rsa ? RSA_SHA2_256 : 0));
      } catch (IOException e) {
        throw new UserAuthException("ssh-agent could not sign with " + identity.comment() + ": " + e.getMessage(), e);
      }
      return req;
    }

    @Override
    public String toString() {
      return "agent key " + new String(identity.comment().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
  }
}
