/** Registers every Portico client element (skipping tags that are already defined). */
import './client-portal/define.ts';
import './client-task-list/define.ts';
import './upload-zone/define.ts';
import './request-form/define.ts';
