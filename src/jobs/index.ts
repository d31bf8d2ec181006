export { JobQueue, QUEUES, type QueueName, type JobHandler, type JobQueueOptions } from './job-queue.ts';
