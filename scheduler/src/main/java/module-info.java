/** The worker pool, the timer wheel, the task group of a node, and gevent's Timeout for Java. */
module io.skyloom.scheduler {
    requires org.slf4j;

    exports io.skyloom.scheduler;
}
