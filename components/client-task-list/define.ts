import { ClientTaskList } from './client-task-list.ts';

export { ClientTaskList };

if (!customElements.get('client-task-list')) customElements.define('client-task-list', ClientTaskList);

declare global {
  interface HTMLElementTagNameMap {
    'client-task-list': ClientTaskList;
  }
}
