// Registers <portico-console> for the staff console page.
import '../components/console/define.ts';
