export { EventBus, type EventHandler } from './event-bus';
export { EventsModule } from './events.module';
