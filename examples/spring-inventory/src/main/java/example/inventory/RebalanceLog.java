package example.inventory;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * The service's own account of its group membership, to set beside the harness's figures. Boot
 * hands this bean to its listener container factory.
 */
@Component
public class RebalanceLog implements ConsumerAwareRebalanceListener {

  private static final Logger log = LoggerFactory.getLogger(RebalanceLog.class);

  @Override
  public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    log.info("partitions revoked: {}", numbers(partitions));
  }

  @Override
  public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    log.info("partitions lost: {}", numbers(partitions));
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    // Eager (classic range) hands over the whole assignment; the consumer protocol only what was added.
    log.info("partitions assigned: {}, owned now: {}", numbers(partitions), numbers(consumer.assignment()));
  }

  private static List<Integer> numbers(Collection<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::partition).sorted().toList();
  }
}
