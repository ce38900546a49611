// Registers <client-portal>, <client-task-list> and the other widgets.
import '../components/define.ts';
