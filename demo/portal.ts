// Registers <client-portal>, <client-task-list>, <request-form> and the other widgets.
import '../components/define.ts';
