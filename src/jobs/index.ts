export {
  JobQueue,
  QUEUES,
  type QueueName,
  type JobHandler,
  type JobQueueOptions,
  type QueueDepth,
} from './job-queue.ts';
export { moveWaitingJobs } from './tenant-jobs.ts';
