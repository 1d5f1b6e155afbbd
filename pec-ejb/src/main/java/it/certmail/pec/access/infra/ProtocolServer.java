package it.certmail.pec.access.infra;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import it.certmail.pec.access.domain.ProtocolSession;
import it.certmail.pec.access.domain.SessionOutput;

/**
 * Server di protocollo: a Netty listener with implicit TLS that runs one {@link ProtocolSession} per connection.
 * Connections cost no thread while idle: the event loop frames commands, a shared worker pool runs them (store
 * work blocks), one at a time per connection and fairly ({@link ConnectionQueue}: a pipelining client yields the
 * workers after each command, and its answers go out in one write per batch). Limits: line and command size, connections per client address,
 * an idle timeout the session can change (longer after login) that only whole commands reset.
 */
public final class ProtocolServer {

    private static final Logger LOG = Logger.getLogger(ProtocolServer.class.getName());
    private static final int STREAM_CHUNK = 64 * 1024;

    /**
     * @param maxLineBytes          longest command line
     * @param maxCommandBytes       longest command with its literals (APPEND)
     * @param maxConnectionsPerHost simultaneous connections from one address
     * @param literals              IMAP literals ({n}) or plain lines (POP3)
     * @param pollInterval          how often idle sessions get {@link ProtocolSession#poll()}
     */
    public record Limits(int maxLineBytes, long maxCommandBytes, int maxConnectionsPerHost, boolean literals,
            Duration pollInterval) {
    }

    private final String name;
    private final InetAddress bind;
    private final int port;
    private final SSLContext tls;
    private final Limits limits;
    private final Function<SessionOutput, ProtocolSession> sessions;
    private final ThreadFactory threads;
    private final Executor workers;
    private final Map<InetAddress, AtomicInteger> perHost = new ConcurrentHashMap<>();
    private EventLoopGroup boss;
    private EventLoopGroup loop;
    private Channel server;

    /**
     * @param tls      server context (implicit TLS); {@code null} for plain text (tests only)
     * @param threads  for the event loops (a ManagedThreadFactory in the container)
     * @param workers  runs the commands (blocking store work)
     */
    public ProtocolServer(String name, InetAddress bind, int port, SSLContext tls, Limits limits,
            Function<SessionOutput, ProtocolSession> sessions, ThreadFactory threads, Executor workers) {
        this.name = name;
        this.bind = bind;
        this.port = port;
        this.tls = tls;
        this.limits = limits;
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.threads = threads;
        this.workers = workers;
    }

    /** Binds the port; returns once it listens. */
    public void start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, threads, NioIoHandler.newFactory());
        loop = new MultiThreadIoEventLoopGroup(0, threads, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, loop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            SSLEngine engine = tls.createSSLEngine();
                            engine.setUseClientMode(false);
                            ch.pipeline().addLast("tls", new SslHandler(engine));
                        }
                        ch.pipeline().addLast("framer", new CommandFramer(limits.maxLineBytes(),
                                limits.maxCommandBytes(), limits.literals()));
                        // after the framer: only whole commands count as activity, so a client trickling a
                        // byte every few seconds (slowloris) is still cut at the idle timeout
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, 60, TimeUnit.SECONDS));
                        ch.pipeline().addLast("session", new SessionHandler());
                    }
                });
        server = b.bind(new InetSocketAddress(bind, port)).sync().channel();
        LOG.info(() -> name + " listening on " + server.localAddress());
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public void stop() {
        if (server != null) {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (loop != null) {
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    private final class SessionHandler extends ChannelInboundHandlerAdapter {
        private final ConnectionQueue serial = new ConnectionQueue(name, workers);
        private ProtocolSession session;
        private NettyOutput output;
        private InetAddress host;
        private ScheduledFuture<?> poller;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            host = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
            int n = perHost.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
            if (n > limits.maxConnectionsPerHost()) {
                LOG.warning(() -> name + ": too many connections from " + host);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(
                        (limits.literals() ? "* BYE too many connections from your address\r\n"
                                : "-ERR [IN-USE] too many connections from your address\r\n")
                                .getBytes(StandardCharsets.US_ASCII)))
                        .addListener(ChannelFutureListener.CLOSE);
                session = null;
                return;
            }
            output = new NettyOutput(ctx.channel(), serial);
            serial.whenDrained(output::flushNow);
            session = sessions.apply(output);
            serial.execute(session::greet);
            long every = limits.pollInterval().toMillis();
            poller = ctx.executor().scheduleAtFixedRate(() -> serial.execute(session::poll), every, every,
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (session == null) {
                return;
            }
            if (msg instanceof byte[] frame) {
                serial.execute(() -> session.handle(frame));
            } else if (msg instanceof CommandFramer.FrameError e) {
                serial.execute(() -> session.frameError(e.partial(), e.message()));
            }
            if (serial.pending() > 8) {
                // a client pipelining too much waits for us
                ctx.channel().config().setAutoRead(false);
                serial.execute(() -> ctx.channel().config().setAutoRead(true));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && session != null) {
                String bye = session.byeOnTimeout();
                LOG.fine(() -> name + ": idle timeout for " + host);
                ByteBuf last = bye == null ? Unpooled.EMPTY_BUFFER
                        : Unpooled.wrappedBuffer(bye.getBytes(StandardCharsets.US_ASCII));
                ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (poller != null) {
                poller.cancel(false);
            }
            AtomicInteger count = perHost.get(host);
            if (count != null && count.decrementAndGet() <= 0) {
                perHost.remove(host, count);
            }
            if (session != null) {
                ProtocolSession s = session;
                serial.execute(s::closed);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(Level.FINE, name + ": connection error from " + host, cause);
            ctx.close();
        }
    }

    /**
     * Buffers text until flush; streams literals chunk by chunk, waiting while the socket is full. During a
     * {@link #pause} text stays buffered (and a close waits) until the pause ends.
     */
    private static final class NettyOutput implements SessionOutput {
        private final Channel channel;
        private final ConnectionQueue serial;
        private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream(4096);
        private boolean held;
        private boolean closeWhenResumed;

        NettyOutput(Channel channel, ConnectionQueue serial) {
            this.channel = channel;
            this.serial = serial;
        }

        @Override
        public void write(String text) {
            buffer.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
            if (buffer.size() > STREAM_CHUNK) {
                flush();
            }
        }

        @Override
        public void writeStream(InputStream in, long length) throws IOException {
            if (held) {
                throw new IllegalStateException("a literal cannot wait for a pause: it would go out first");
            }
            flushNow();
            try (in) {
                long left = length < 0 ? Long.MAX_VALUE : length;
                while (left > 0) {
                    byte[] chunk = in.readNBytes((int) Math.min(STREAM_CHUNK, left));
                    if (chunk.length == 0) {
                        if (length >= 0) {
                            throw new IOException("message ended " + left + " bytes early");
                        }
                        break;
                    }
                    left -= chunk.length;
                    var f = channel.writeAndFlush(Unpooled.wrappedBuffer(chunk));
                    if (!channel.isWritable()) {
                        f.awaitUninterruptibly();
                    }
                    if (!channel.isActive()) {
                        throw new IOException("connection closed");
                    }
                }
            }
        }

        @Override
        public void flush() {
            if (serial.pending() > 0 && buffer.size() < STREAM_CHUNK) {
                // more commands of this client wait (pipelining): one write when its queue runs dry
                return;
            }
            flushNow();
        }

        /** Writes what is buffered now (unless a pause holds it). */
        void flushNow() {
            if (held || buffer.size() == 0) {
                return;
            }
            byte[] bytes = buffer.toByteArray();
            buffer.reset();
            var f = channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
            if (!channel.isWritable()) {
                f.awaitUninterruptibly();
            }
        }

        @Override
        public void close() {
            if (held) {
                closeWhenResumed = true;
                return;
            }
            flushNow();
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void setIdleTimeout(Duration timeout) {
            long seconds = Math.max(1, timeout.toSeconds());
            try {
                channel.pipeline().replace("idle", "idle", new IdleStateHandler(0, 0, seconds, TimeUnit.SECONDS));
            } catch (java.util.NoSuchElementException e) {
                // the connection is already gone
            }
        }

        @Override
        public void pause(Duration delay) {
            held = true;
            serial.pauseAfterCurrent(delay.toNanos(), channel.eventLoop()::schedule, () -> {
                held = false;
                if (closeWhenResumed) {
                    close();
                } else {
                    flushNow();
                }
            });
        }

        @Override
        public void runLater(Runnable task) {
            serial.execute(task);
        }

        @Override
        public String remoteAddress() {
            return String.valueOf(channel.remoteAddress());
        }
    }
}
