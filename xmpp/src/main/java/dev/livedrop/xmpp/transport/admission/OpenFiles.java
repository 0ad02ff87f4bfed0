package dev.livedrop.xmpp.transport.admission;

import java.lang.management.ManagementFactory;

/** The process's open file descriptors and its limit on them; -1 where the platform does not say. */
public interface OpenFiles {
  /** Open descriptors now. On Linux the JDK counts the entries of /proc/self/fd: not for every accept. */
  long open();

  /** RLIMIT_NOFILE's soft limit (the JVM raises it to the hard limit at start). */
  long max();

  static OpenFiles ofProcess() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return new OpenFiles() {
        @Override
        public long open() {
          return unix.getOpenFileDescriptorCount();
        }

        @Override
        public long max() {
          return unix.getMaxFileDescriptorCount();
        }
      };
    }
    return new OpenFiles() {
      @Override
      public long open() {
        return -1;
      }

      @Override
      public long max() {
        return -1;
      }
    };
  }
}
